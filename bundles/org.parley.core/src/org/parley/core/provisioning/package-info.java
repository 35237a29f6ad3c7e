/**
 * Settings an administrator provisions and locks: {@link org.parley.core.provisioning.ProvisionedSettings}
 * tells the console and the window which configuration properties the user may not change.
 */
package org.parley.core.provisioning;
