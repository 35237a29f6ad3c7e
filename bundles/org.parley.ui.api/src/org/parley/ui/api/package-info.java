/**
 * Slots of Parley's desktop window that other bundles fill at runtime. A bundle registers an
 * implementation of one of these interfaces as an OSGi service (whiteboard); the window shows it
 * while the service is registered and takes it away when the service goes, without a restart.
 * Services with a higher {@code service.ranking} come first. Every method is called on the SWT
 * UI thread: do not block in it.
 */
package org.parley.ui.api;
