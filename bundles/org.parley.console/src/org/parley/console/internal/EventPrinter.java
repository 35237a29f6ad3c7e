package org.parley.console.internal;

import java.io.PrintStream;

import org.osgi.service.component.annotations.Component;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationListener;
import org.parley.core.media.AudioDeviceEvent;
import org.parley.core.media.AudioDeviceListener;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageListener;
import org.parley.core.plugins.PluginEvent;
import org.parley.core.plugins.PluginListener;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceListener;
import org.parley.core.presence.watchers.Watcher;
import org.parley.core.presence.watchers.WatcherListener;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallListener;

/**
 * Prints registration, call, message, typing and presence events, and requests to watch the user's
 * presence, sound devices that come and go, and what the update check finds, as they happen, one line each (formats: {@link EventLines}), on the process's standard
 * output, for people and scripts reading the console. It is a whiteboard listener for all of them.
 */
@Component
public final class EventPrinter implements RegistrationListener, CallListener, MessageListener, PresenceListener,
        WatcherListener, AudioDeviceListener, PluginListener {

    private final PrintStream out = ProcessStreams.out();

    @Override
    public void registrationChanged(RegistrationEvent event) {
        print(EventLines.registration(event));
    }

    @Override
    public void callChanged(CallEvent event) {
        print(EventLines.call(event));
    }

    @Override
    public void messageChanged(MessageEvent event) {
        print(EventLines.message(event));
    }

    @Override
    public void presenceChanged(PresenceEvent event) {
        print(EventLines.presence(event));
    }

    @Override
    public void watcherAsked(Watcher watcher) {
        print(EventLines.watcherAsked(watcher));
    }

    @Override
    public void devicesChanged(AudioDeviceEvent event) {
        print(EventLines.device(event));
    }

    @Override
    public void pluginsChanged(PluginEvent event) {
        print(EventLines.plugins(event));
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }
}
