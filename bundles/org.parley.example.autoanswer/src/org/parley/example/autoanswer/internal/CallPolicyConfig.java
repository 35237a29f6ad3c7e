package org.parley.example.autoanswer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What the plugin does with incoming calls (ConfigurationAdmin PID {@value CallPolicy#PID}). */
@ObjectClassDefinition(name = "Parley auto-answer and do not disturb",
        description = "Answers incoming calls by itself, or turns them away while you do not want to be disturbed.")
@interface CallPolicyConfig {

    /** What happens to an incoming call. */
    enum Mode {
        /** Calls ring as usual. */
        RING,
        /** Calls are answered after {@link CallPolicyConfig#delayMillis()}. */
        ANSWER,
        /** Calls are refused as busy. */
        DO_NOT_DISTURB
    }

    @AttributeDefinition(name = "Mode", description = "RING, ANSWER or DO_NOT_DISTURB")
    Mode mode() default Mode.ANSWER;

    @AttributeDefinition(name = "Delay (ms)", description = "How long a call rings before it is answered", min = "0",
            max = "60000")
    int delayMillis() default 0;

    @AttributeDefinition(name = "Accounts", required = false,
            description = "The ids of the accounts whose calls this applies to; none: every account")
    String[] accounts() default {};
}
