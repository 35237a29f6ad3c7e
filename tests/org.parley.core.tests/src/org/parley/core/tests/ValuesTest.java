package org.parley.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.core.Capability;
import org.parley.core.account.AccountId;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;

/** Plain unit tests of the API's value types. */
class ValuesTest {

    @Test
    void accountIdsAreRestrictedToSafeCharacters() {
        assertEquals("work-2", new AccountId("work-2").value());
        assertThrows(IllegalArgumentException.class, () -> new AccountId("work 2"));
        assertThrows(IllegalArgumentException.class, () -> new AccountId(""));
        assertThrows(IllegalArgumentException.class, () -> new AccountId("a=(b)"));
    }

    @Test
    void aBlankPresenceNoteIsNoNote() {
        assertEquals(Optional.empty(), new PresenceStatus(Availability.AWAY, Optional.of("   ")).note());
        assertEquals(Optional.of("back at 3"),
                new PresenceStatus(Availability.AWAY, Optional.of(" back at 3 ")).note());
    }

    @Test
    void everyCapabilityNamesAServiceInterface() {
        for (Capability capability : Capability.values()) {
            assertTrue(capability.serviceType().isInterface(), capability + " names an interface");
            assertEquals(capability.name().toLowerCase(), capability.id());
        }
    }
}
