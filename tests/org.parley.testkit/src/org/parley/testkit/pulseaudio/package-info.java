/** A PulseAudio server of its own for tests that use sound devices. */
package org.parley.testkit.pulseaudio;
