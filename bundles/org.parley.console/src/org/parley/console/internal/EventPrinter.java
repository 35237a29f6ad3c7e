package org.parley.console.internal;

import java.io.PrintStream;

import org.osgi.service.component.annotations.Component;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationListener;

/**
 * Prints events as they happen, one line each, for people and scripts reading the console:
 * {@code event registration <account> <state> [details]}.
 */
@Component
public final class EventPrinter implements RegistrationListener {

    private final PrintStream out = ProcessStreams.out();

    @Override
    public void registrationChanged(RegistrationEvent event) {
        out.println("event registration " + event.account() + " " + Describe.registration(event.current()));
        out.flush();
    }
}
