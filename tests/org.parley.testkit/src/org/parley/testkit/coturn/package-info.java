/**
 * coturn (Debian's package) as the STUN server of tests: {@link org.parley.testkit.coturn.StunServer}.
 */
package org.parley.testkit.coturn;
