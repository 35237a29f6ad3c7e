package org.parley.sip.presence.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;
import org.parley.sip.presence.internal.pidf.PidfException;
import org.parley.sip.presence.internal.pidf.PidfReader;
import org.parley.sip.presence.internal.pidf.PidfWriter;

class PidfTest {

    private static final String HEAD = "<?xml version='1.0' encoding='UTF-8'?>"
            + "<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model'"
            + " xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='sip:bob@example.org'>";

    private static PresenceStatus read(String document) throws PidfException {
        return PidfReader.read(document.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOpenTupleWithAnAwayPersonAndANoteIsAwayWithThatNote() throws Exception {
        PresenceStatus status = read(HEAD + "<tuple id='a'><status><basic>open</basic></status></tuple>"
                + "<dm:person id='p'><rpid:activities><rpid:away/></rpid:activities><dm:note> Back at 3 </dm:note>"
                + "</dm:person></presence>");
        assertEquals(new PresenceStatus(Availability.AWAY, Optional.of("Back at 3")), status);
    }

    @Test
    void activitiesMapToTheAvailabilityAUserExpects() throws Exception {
        assertEquals(Availability.ON_THE_PHONE, online("<rpid:on-the-phone/>").availability());
        assertEquals(Availability.BUSY, online("<rpid:meeting/>").availability());
        assertEquals(Availability.AWAY, online("<rpid:vacation/>").availability());
        assertEquals(Availability.DO_NOT_DISTURB, online("<rpid:other>Do-Not-Disturb</rpid:other>").availability());
        assertEquals(Availability.AVAILABLE, online("").availability());
        assertEquals(Availability.ON_THE_PHONE, online("<rpid:busy/><rpid:on-the-phone/>").availability(),
                "on the phone says more than busy");
    }

    private static PresenceStatus online(String activities) throws PidfException {
        return read(HEAD + "<tuple id='a'><status><basic>open</basic></status></tuple>"
                + "<dm:person id='p'><rpid:activities>" + activities + "</rpid:activities></dm:person></presence>");
    }

    @Test
    void closedTuplesAreOfflineAndOneOpenTupleAmongSeveralIsOnline() throws Exception {
        PresenceStatus closed = read(HEAD + "<tuple id='a'><status><basic>closed</basic></status>"
                + "<note>gone home</note></tuple></presence>");
        assertEquals(new PresenceStatus(Availability.OFFLINE, Optional.of("gone home")), closed);
        PresenceStatus mixed = read(HEAD + "<tuple id='desk'><status><basic>closed</basic></status></tuple>"
                + "<tuple id='phone'><status><basic>open</basic></status></tuple></presence>");
        assertEquals(Availability.AVAILABLE, mixed.availability());
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBackForEveryStatus() throws Exception {
        for (Availability availability : Availability.values()) {
            if (availability == Availability.UNKNOWN) {
                continue; // not something a user publishes
            }
            PresenceStatus status = new PresenceStatus(availability, Optional.of("<b>lunch</b> & 🍕 \"soon\""));
            byte[] document = PidfWriter.write("sip:alice@example.org", status);
            assertEquals(status, PidfReader.read(document), new String(document, StandardCharsets.UTF_8));
        }
        byte[] plain = PidfWriter.write("sip:alice@example.org", PresenceStatus.of(Availability.AVAILABLE));
        assertEquals(PresenceStatus.of(Availability.AVAILABLE), PidfReader.read(plain));
    }

    @Test
    void entityExpansionIsRefusedQuickly() {
        String laughs = "<?xml version='1.0'?><!DOCTYPE presence [<!ENTITY a 'haha'>"
                + "<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>"
                + "<!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'><!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'>"
                + "<!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'><!ENTITY g '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'>"
                + "<!ENTITY h '&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;'><!ENTITY i '&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;'>]>"
                + "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:x@y'><tuple id='t'><status><basic>open</basic>"
                + "</status><note>&i;</note></tuple></presence>";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(PidfException.class, () -> read(laughs)));
    }

    @Test
    void externalEntitiesAreNeverFetched() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE presence [<!ENTITY secret SYSTEM 'file:///etc/passwd'>]>"
                + "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:x@y'><tuple id='t'><status>"
                + "<basic>open</basic></status><note>&secret;</note></tuple></presence>";
        PidfException refused = assertThrows(PidfException.class, () -> read(xxe));
        assertFalse(refused.getMessage().contains("root:"), refused.getMessage());
    }

    @Test
    void oversizedDeepMalformedAndForeignDocumentsAreRefusedWithAReason() {
        String big = HEAD + "<tuple id='a'><status><basic>open</basic></status><note>" + "x".repeat(PidfReader.MAX_BYTES)
                + "</note></tuple></presence>";
        assertTrue(assertThrows(PidfException.class, () -> read(big)).getMessage().contains("bytes"));
        String deep = HEAD + "<tuple id='a'>" + "<x>".repeat(40) + "</x>".repeat(40) + "</tuple></presence>";
        assertThrows(PidfException.class, () -> read(deep));
        assertThrows(PidfException.class, () -> read(HEAD + "<tuple id='a'><status><basic>open</basic>"));
        assertThrows(PidfException.class, () -> read("<html><body>hello</body></html>"));
        assertThrows(PidfException.class, () -> read(""));
    }
}
