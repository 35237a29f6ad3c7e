package org.parley.media.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.parley.core.media.AudioDevices;

/**
 * Which sound device Parley uses for what: the configuration {@value AudioDevices#CONFIGURATION_PID};
 * each value is an {@code AudioDevice} id, empty for the sound system's default.
 */
@ObjectClassDefinition(name = "Parley sound devices", description = "The devices calls and ringing use.")
@interface AudioDevicesConfig {

    @AttributeDefinition(name = "Microphone", required = false, description = "A capture device's id; empty: the default.")
    String capture() default "";

    @AttributeDefinition(name = "Speaker", required = false, description = "A playback device's id; empty: the default.")
    String playback() default "";

    @AttributeDefinition(name = "Ringer", required = false, description = "A playback device's id; empty: the default.")
    String ringer() default "";
}
