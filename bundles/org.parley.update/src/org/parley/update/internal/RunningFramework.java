package org.parley.update.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Brings the running framework in line with a change p2 made to the installation's bundle list: the
 * bundles the change removed are uninstalled, those it added are installed, resolved and started, as a
 * start would do with the new list. Bundles the change did not touch are left alone, so the bundles a
 * headless start leaves out stay out.
 */
final class RunningFramework {

    private static final Logger LOG = Logger.getLogger(RunningFramework.class.getName());
    /** Bundles that cannot change under a running framework, or that carry out the change itself. */
    private static final Set<String> NEED_A_RESTART = Set.of("org.eclipse.osgi", "org.eclipse.equinox.simpleconfigurator",
            "org.eclipse.equinox.p2.core", "org.eclipse.equinox.p2.engine", "org.eclipse.equinox.p2.director",
            "org.eclipse.equinox.p2.repository", "org.eclipse.equinox.p2.touchpoint.eclipse", "org.parley.update",
            "org.apache.felix.scr");

    private final BundleContext context;

    RunningFramework(BundleContext context) {
        this.context = context;
    }

    /** Why the change from {@code before} to {@code after} needs a restart; empty if it can be applied now. */
    String restartReason(BundlesInfo before, BundlesInfo after) {
        List<String> reasons = new ArrayList<>();
        for (List<BundlesInfo.Entry> changed : List.of(after.without(before), before.without(after))) {
            for (BundlesInfo.Entry entry : changed) {
                if (NEED_A_RESTART.contains(entry.symbolicName())) {
                    reasons.add(entry.symbolicName() + " (it carries out changes)");
                } else if (isFrameworkExtension(entry)) {
                    reasons.add(entry.symbolicName() + " (it extends the framework)");
                }
            }
        }
        return String.join(", ", reasons.stream().distinct().toList());
    }

    /** Applies the change; returns the names of the bundles started and of those uninstalled. */
    Result apply(BundlesInfo before, BundlesInfo after) throws BundleException, InterruptedException {
        List<Bundle> gone = new ArrayList<>();
        for (BundlesInfo.Entry entry : before.without(after)) {
            for (Bundle bundle : context.getBundles()) {
                if (entry.symbolicName().equals(bundle.getSymbolicName())
                        && Version.parseVersion(entry.version()).equals(bundle.getVersion())) {
                    bundle.uninstall();
                    gone.add(bundle);
                }
            }
        }
        List<BundlesInfo.Entry> entries = after.without(before);
        List<Bundle> added = new ArrayList<>();
        for (BundlesInfo.Entry entry : entries) {
            Bundle bundle = context.installBundle("reference:" + entry.location());
            if (entry.startLevel() > 0) {
                bundle.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
            }
            added.add(bundle);
        }
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (!gone.isEmpty()) {
            // after the new bundles are in: the bundles that used the removed ones are wired to them again
            refresh(wiring, gone);
        }
        wiring.resolveBundles(added);
        List<String> started = new ArrayList<>();
        for (int i = 0; i < added.size(); i++) {
            Bundle bundle = added.get(i);
            if (!shouldStart(bundle, entries.get(i))) {
                continue;
            }
            try {
                bundle.start(Bundle.START_ACTIVATION_POLICY);
                started.add(bundle.getSymbolicName());
            } catch (BundleException notNow) {
                LOG.warning("Installed " + bundle.getSymbolicName() + " but could not start it: " + notNow.getMessage());
            }
        }
        return new Result(started, gone.stream().map(Bundle::getSymbolicName).toList());
    }

    /** The names of the bundles started and of those uninstalled. */
    record Result(List<String> started, List<String> removed) {
    }

    /** As a start with the new list: bundles marked to start, and those that activate lazily. */
    private static boolean shouldStart(Bundle bundle, BundlesInfo.Entry entry) {
        if ((bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) {
            return false;
        }
        return entry.markedStarted()
                || Constants.ACTIVATION_LAZY.equals(bundle.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY));
    }

    private boolean isFrameworkExtension(BundlesInfo.Entry entry) {
        for (Bundle bundle : context.getBundles()) {
            if (entry.symbolicName().equals(bundle.getSymbolicName())) {
                String host = bundle.getHeaders("").get(Constants.FRAGMENT_HOST);
                return host != null && (host.startsWith(Constants.SYSTEM_BUNDLE_SYMBOLICNAME)
                        || host.startsWith("org.eclipse.osgi"));
            }
        }
        return false;
    }

    private static void refresh(FrameworkWiring wiring, List<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        if (!done.await(60, TimeUnit.SECONDS)) {
            LOG.warning("The framework took more than 60 s to refresh after uninstalling " + bundles);
        }
    }
}
