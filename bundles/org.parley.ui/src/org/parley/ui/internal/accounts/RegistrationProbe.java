package org.parley.ui.internal.accounts;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.RegistrationState;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

/**
 * Waits, off the UI thread, until an account's registration comes to an end (registered or
 * failed), woken by the session's account changes and looking every 200 ms besides.
 */
final class RegistrationProbe {

    /** How the wait ended. */
    sealed interface Outcome {

        /** The account registered or failed. */
        record Ended(Account account, RegistrationState state) implements Outcome {
        }

        /** Neither within the time allowed; {@code last} is the state seen last, if the account ran at all. */
        record TimedOut(Duration waited, Optional<RegistrationState> last) implements Outcome {
        }

        /** The caller gave up waiting. */
        record Cancelled() implements Outcome {
        }
    }

    private static final long POLL_MILLIS = 200;

    private final DesktopSession session;

    RegistrationProbe(DesktopSession session) {
        this.session = session;
    }

    /**
     * Waits for the account's registration to end.
     *
     * @param replaced   the account service that ran before its settings were written, whose
     *                   state is out of date: the answer comes from the service that replaces
     *                   it; null when none ran or none is replaced
     * @param seenBefore the state object read before asking the account to register again, which
     *                   is not the answer even if it is final; null if none
     * @param cancelled  whether to stop waiting
     */
    Outcome await(AccountId id, Account replaced, RegistrationState seenBefore, Duration timeout,
            BooleanSupplier cancelled) throws InterruptedException {
        Object wake = new Object();
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<RegistrationState> last = Optional.empty();
        AutoCloseable watch = session.watch(change -> {
            if (change instanceof SessionChange.Accounts) {
                synchronized (wake) {
                    wake.notifyAll();
                }
            }
        });
        try {
            while (!cancelled.getAsBoolean()) {
                Optional<Account> account = session.account(id).filter(running -> running != replaced);
                if (account.isPresent()) {
                    RegistrationState state = account.get().registrationState();
                    last = Optional.of(state);
                    if (state != seenBefore && (state instanceof RegistrationState.Registered
                            || state instanceof RegistrationState.Failed)) {
                        return new Outcome.Ended(account.get(), state);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Outcome.TimedOut(timeout, last);
                }
                synchronized (wake) {
                    wake.wait(Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000)));
                }
            }
            return new Outcome.Cancelled();
        } finally {
            stop(watch);
        }
    }

    private static void stop(AutoCloseable watch) {
        try {
            watch.close();
        } catch (Exception e) {
            // closing a watch only removes it from a list
        }
    }
}
