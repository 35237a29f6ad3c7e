/**
 * The extension point of Parley's SIP bundle: what other bundles (messaging, presence, plugins)
 * build on to send and handle SIP requests of their own without touching the SIP bundle's
 * internals.
 *
 * <ul>
 * <li>{@link org.parley.sip.extension.SipAccountContext}: one service per running SIP account
 * (with the account's {@code parley.account.id} property) to build and send requests from the
 * account, out of dialog, creating a dialog (SUBSCRIBE) or in one (NOTIFY, SUBSCRIBE refresh),
 * with the account's route and digest credentials.</li>
 * <li>{@link org.parley.sip.extension.SipRequestHandler}: a whiteboard service that receives the
 * incoming requests of the methods (and event packages) it names in its service properties, as an
 * {@link org.parley.sip.extension.IncomingRequest} to answer.</li>
 * </ul>
 *
 * The package speaks JAIN-SIP ({@code javax.sip.*}): it is SIP-specific by nature. Version 0.1:
 * it may still change incompatibly before 1.0.
 */
package org.parley.sip.extension;
