/**
 * Accounts, the protocols that serve them, and their registration with the network.
 */
package org.parley.core.account;
