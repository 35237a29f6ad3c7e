package org.parley.console.internal;

import java.io.PrintStream;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.parley.core.account.RegistrationEvent;
import org.parley.core.account.RegistrationListener;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageListener;
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
 * event message &lt;account&gt; &lt;message&gt; sent &lt;peer&gt; &lt;text&gt;
 * event message &lt;account&gt; &lt;message&gt; received &lt;peer&gt; &lt;text&gt;
 * event message &lt;account&gt; &lt;message&gt; sending|delivered
 * event message &lt;account&gt; &lt;message&gt; failed &lt;reason&gt;
 * event composing &lt;account&gt; &lt;peer&gt; active|idle
 * </pre>
 * Line breaks in texts are printed as {@code \n} (and backslashes doubled), so every event is one line.
 */
@Component
public final class EventPrinter implements RegistrationListener, CallListener, MessageListener {

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

    @Override
    public void messageChanged(MessageEvent event) {
        if (event instanceof MessageEvent.Composing composing) {
            print("event composing " + event.account() + " " + event.peer() + " " + (composing.typing() ? "active" : "idle"));
            return;
        }
        print("event message " + event.account() + " " + switch (event) {
            case MessageEvent.Sent sent -> sent.message() + " sent " + sent.peer() + " " + oneLine(sent.text());
            case MessageEvent.Received received -> received.message() + " received " + received.peer() + " "
                    + oneLine(received.text());
            case MessageEvent.DeliveryChanged changed -> changed.message() + " " + switch (changed.state()) {
                case DeliveryState.Sending sending -> "sending";
                case DeliveryState.Delivered delivered -> "delivered";
                case DeliveryState.Failed failed -> "failed " + failed.reason();
            };
            case MessageEvent.Composing composing -> throw new AssertionError(composing);
        });
    }

    private static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
