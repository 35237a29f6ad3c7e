package org.parley.core.media;

/**
 * Told when sound devices come and go. Register an implementation as an OSGi service (whiteboard);
 * the media engine calls every registered listener, on its own thread, one event at a time.
 */
@FunctionalInterface
public interface AudioDeviceListener {

    /** A device appeared or went away. */
    void devicesChanged(AudioDeviceEvent event);
}
