package org.parley.console.internal;

import java.io.PrintStream;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationListener;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallListener;

/**
 * Prints events as they happen, one line each, for people and scripts reading the console:
 * <pre>
 * event registration &lt;account&gt; &lt;state&gt; [details]
 * event call &lt;account&gt; &lt;call&gt; started incoming|outgoing &lt;peer&gt;
 * event call &lt;account&gt; &lt;call&gt; state &lt;previous&gt; &lt;current&gt;
 * event call &lt;account&gt; &lt;call&gt; dtmf &lt;digit&gt;
 * event call &lt;account&gt; &lt;call&gt; ended &lt;reason&gt; [details]
 * </pre>
 */
@Component
public final class EventPrinter implements RegistrationListener, CallListener {

    private final PrintStream out = ProcessStreams.out();

    @Override
    public void registrationChanged(RegistrationEvent event) {
        print("event registration " + event.account() + " " + Describe.registration(event.current()));
    }

    @Override
    public void callChanged(CallEvent event) {
        String prefix = "event call " + event.account() + " " + event.call() + " ";
        print(prefix + switch (event) {
            case CallEvent.Started started -> "started " + lower(started.direction().name()) + " " + started.peer();
            case CallEvent.StateChanged changed -> "state " + lower(changed.previous().name()) + " "
                    + lower(changed.current().name());
            case CallEvent.DtmfReceived dtmf -> "dtmf " + dtmf.digit();
            case CallEvent.Ended ended -> ("ended " + lower(ended.reason().name()) + " " + ended.detail()).strip();
        });
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
