/**
 * baresip (Debian's package) as a real far end of call tests: {@link org.parley.testkit.baresip.Baresip}.
 */
package org.parley.testkit.baresip;
