package org.parley.example.autoanswer.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.core.ServiceProperties;
import org.parley.core.account.AccountId;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallListener;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;

/**
 * Answers incoming calls by itself, or refuses them as busy ("do not disturb"), as its
 * configuration says; a whiteboard {@link CallListener} that acts through the accounts'
 * {@link Telephony} services. Installed, it answers every account's calls at once; stopped, calls
 * ring again.
 */
@Component(service = CallListener.class, configurationPid = CallPolicy.PID)
@Designate(ocd = CallPolicyConfig.class)
public final class CallPolicy implements CallListener {

    static final String PID = "org.parley.example.autoanswer";
    private static final Logger LOG = Logger.getLogger(CallPolicy.class.getName());

    private final CallPolicyConfig config;
    private final Set<String> accounts;
    private final Map<AccountId, Telephony> telephonies = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "parley-call-policy");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public CallPolicy(CallPolicyConfig config) {
        this.config = config;
        this.accounts = Set.of(config.accounts());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTelephony(Telephony telephony, Map<String, Object> properties) {
        Object id = properties.get(ServiceProperties.ACCOUNT_ID);
        if (id != null) {
            telephonies.put(new AccountId(id.toString()), telephony);
        }
    }

    void removeTelephony(Telephony telephony, Map<String, Object> properties) {
        Object id = properties.get(ServiceProperties.ACCOUNT_ID);
        if (id != null) {
            telephonies.remove(new AccountId(id.toString()), telephony);
        }
    }

    @Override
    public void callChanged(CallEvent event) {
        if (!(event instanceof CallEvent.Started started) || started.direction() != CallDirection.INCOMING
                || config.mode() == CallPolicyConfig.Mode.RING
                || !(accounts.isEmpty() || accounts.contains(started.account().value()))) {
            return;
        }
        long delay = config.mode() == CallPolicyConfig.Mode.ANSWER ? Math.max(0, config.delayMillis()) : 0;
        timer.schedule(() -> act(started, 0), delay, TimeUnit.MILLISECONDS);
    }

    /** Acts on the call; the account may list it a moment after it told its listeners. */
    private void act(CallEvent.Started started, int attempt) {
        Telephony telephony = telephonies.get(started.account());
        Call call = telephony == null ? null
                : telephony.calls().stream().filter(listed -> listed.id().equals(started.call())).findFirst().orElse(null);
        if (call == null) {
            if (attempt < 20) {
                timer.schedule(() -> act(started, attempt + 1), 50, TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (call.state() != CallState.INCOMING) {
            return; // the caller gave up, or the user acted first
        }
        try {
            if (config.mode() == CallPolicyConfig.Mode.ANSWER) {
                call.answer();
                LOG.info("Answered the call from " + call.peer() + " on " + started.account());
            } else {
                call.reject(true);
                LOG.info("Do not disturb: turned away the call from " + call.peer() + " on " + started.account());
            }
        } catch (IllegalStateException alreadyOver) {
            // it ended between the look and the act
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
