package org.parley.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.core.Address;

/** Plain unit tests of {@link Address}: parsing what people type into a dial field. */
class AddressTest {

    @ParameterizedTest
    @CsvSource({
            "alice@example.org,            sip:alice@example.org",
            "'  alice@example.org  ',      sip:alice@example.org",
            "sip:bob@example.org,          sip:bob@example.org",
            "sips:bob@example.org:5061,    sips:bob@example.org:5061",
            "tel:+4930123456,              tel:+4930123456",
            "example.org:5070,             sip:example.org:5070",
            "alice@127.0.0.1:5070,         sip:alice@127.0.0.1:5070",
            "127.0.0.1:5060,               sip:127.0.0.1:5060",
    })
    void parseAddsTheDefaultSchemeOnlyWhenNoneIsGiven(String typed, String expected) {
        assertEquals(expected, Address.parse(typed, "sip").uri());
    }

    @Test
    void schemeIsLowerCaseAndTheRestIsKept() {
        Address address = new Address("SIP:Alice@Example.org;transport=tcp");
        assertEquals("sip", address.scheme());
        assertEquals("Alice@Example.org;transport=tcp", address.schemeSpecificPart());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "alice", "sip:alice @example.org", ":alice@example.org" })
    void unusableAddressesAreRefusedWithAReason(String uri) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new Address(uri));
        org.junit.jupiter.api.Assertions.assertFalse(error.getMessage().isBlank());
    }
}
