/** Instant messages: sending, receiving, delivery states and typing notices. */
package org.parley.core.messaging;
