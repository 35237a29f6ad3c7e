package org.parley.console.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The headless console on standard input and output, switched on by the launcher with the
 * framework property {@code parley.console}: {@code interactive} (a terminal: prompt) or
 * {@code pipe} (a script: no prompt). It runs one Gogo command per line and prints its result;
 * at the end of input, or on {@code exit}, it stops the framework and ends the process, with
 * status 1 if any command failed.
 */
@Component(immediate = true, service = {})
public final class StdioConsole {

    static final String MODE_PROPERTY = "parley.console";
    private static final long STOP_TIMEOUT_MS = 30_000;

    private final BundleContext context;
    private final CommandProcessor processor;
    private volatile Thread reader;

    @Activate
    public StdioConsole(BundleContext context, @Reference CommandProcessor processor) {
        this.context = context;
        this.processor = processor;
        String mode = context.getProperty(MODE_PROPERTY);
        if ("interactive".equals(mode) || "pipe".equals(mode)) {
            reader = new Thread(() -> run("interactive".equals(mode)), "parley-console");
            reader.start();
        }
    }

    @Deactivate
    void deactivate() {
        Thread thread = reader;
        reader = null;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    private void run(boolean interactive) {
        // The process's own streams: Gogo replaces System.out and System.err while commands run.
        PrintStream out = ProcessStreams.out();
        PrintStream err = ProcessStreams.err();
        boolean failed = false;
        try (CommandSession session = processor.createSession(System.in, out, err);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            if (interactive) {
                out.println("Parley console. Try parley:version, parley:accounts, parley:providers,"
                        + " parley:capabilities, help; exit or Ctrl-D to quit.");
            }
            while (reader != null) {
                if (interactive) {
                    out.print("parley> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null || line.strip().equals("exit")) {
                    break;
                }
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                failed |= !execute(session, line, out, err);
            }
        } catch (IOException e) {
            err.println("error: console input failed: " + e.getMessage());
            failed = true;
        }
        if (reader != null) {
            shutDown(failed ? 1 : 0);
        }
    }

    /** Runs one command line; prints its result or its error. Returns whether it succeeded. */
    private static boolean execute(CommandSession session, String line, PrintStream out, PrintStream err) {
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            out.flush();
            return true;
        } catch (Exception e) {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return false;
        }
    }

    /** Stops the framework in order (so providers can unregister), then ends the process. */
    private void shutDown(int status) {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        Thread stopper = new Thread(() -> {
            try {
                system.stop();
                if (system instanceof Framework framework) {
                    framework.waitForStop(STOP_TIMEOUT_MS);
                }
            } catch (BundleException e) {
                System.err.println("error: could not stop the framework: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(status);
        }, "parley-console-exit");
        stopper.setDaemon(false); // keeps the JVM alive until it has set the exit status
        stopper.start();
    }
}
