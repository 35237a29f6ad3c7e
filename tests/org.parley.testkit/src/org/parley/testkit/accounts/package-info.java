/**
 * Accounts for integration tests: a Kamailio per test class ({@link org.parley.testkit.accounts.KamailioExtension})
 * and accounts created through Configuration Admin whose registration events can be awaited
 * ({@link org.parley.testkit.accounts.AccountFixture}). Shared by the SIP, messaging and presence tests.
 */
package org.parley.testkit.accounts;
