package org.parley.console.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** A Gogo session on the real command processor, with the console bundle started and its commands there. */
final class ConsoleSession implements AutoCloseable {

    static final long TIMEOUT_MS = 10_000;

    private final ServiceTracker<Object, Object> commands;
    private final ServiceTracker<CommandProcessor, CommandProcessor> processors;
    private final CommandSession session;

    ConsoleSession(BundleContext context) throws Exception {
        Arrays.stream(context.getBundles()).filter(bundle -> bundle.getSymbolicName().equals("org.parley.console"))
                .findFirst().orElseThrow(() -> new AssertionError("org.parley.console is installed")).start();
        commands = new ServiceTracker<>(context, context.createFilter("(osgi.command.scope=parley)"), null);
        commands.open();
        assertNotNull(commands.waitForService(TIMEOUT_MS), "the parley commands are registered");
        processors = new ServiceTracker<>(context, CommandProcessor.class, null);
        processors.open();
        CommandProcessor processor = processors.waitForService(TIMEOUT_MS);
        assertNotNull(processor, "the Gogo command processor is available");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    /** Runs a command line and returns its result as the console would print it. */
    String run(String command) throws Exception {
        Object result = session.execute(command);
        return String.valueOf(session.format(result, Converter.INSPECT));
    }

    /** Runs a command line that must fail, with a message starting {@code expectedStart}. */
    void assertFails(String expectedStart, String command) {
        Exception error = assertThrows(Exception.class, () -> run(command), command);
        assertTrue(String.valueOf(error.getMessage()).startsWith(expectedStart), command + " -> " + error.getMessage());
    }

    /** Whether the console bundle is the one that registered a service of {@code type}. */
    static boolean registeredByConsole(BundleContext context, Class<?> type) throws Exception {
        var references = context.getServiceReferences(type.getName(), null);
        return references != null && Arrays.stream(references).map(reference -> reference.getBundle())
                .filter(bundle -> bundle != null).map(Bundle::getSymbolicName)
                .anyMatch("org.parley.console"::equals);
    }

    @Override
    public void close() {
        session.close();
        processors.close();
        commands.close();
    }
}
