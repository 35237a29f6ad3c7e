/** Helpers for the files bundles keep under the user data directory. */
package org.parley.core.files;
