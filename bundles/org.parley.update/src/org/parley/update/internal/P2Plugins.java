package org.parley.update.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.core.ProvisionException;
import org.eclipse.equinox.p2.core.UIServices;
import org.eclipse.equinox.p2.engine.IEngine;
import org.eclipse.equinox.p2.engine.IProfile;
import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.engine.IProvisioningPlan;
import org.eclipse.equinox.p2.engine.PhaseSetFactory;
import org.eclipse.equinox.p2.engine.ProvisioningContext;
import org.eclipse.equinox.p2.engine.query.UserVisibleRootQuery;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.planner.IPlanner;
import org.eclipse.equinox.p2.planner.IProfileChangeRequest;
import org.eclipse.equinox.p2.query.QueryUtil;
import org.eclipse.equinox.p2.repository.IRepositoryManager;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepositoryManager;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepository;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepositoryManager;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.core.UserDataDirectory;
import org.parley.core.plugins.PluginChange;
import org.parley.core.plugins.PluginException;
import org.parley.core.plugins.PluginFeature;
import org.parley.core.plugins.Plugins;
import org.parley.core.plugins.TrustQuestion;

/**
 * {@link Plugins} on p2: the update sites are p2's known repositories, the installed features the root
 * features of the running installation's profile, and a change is planned by p2's planner, carried out
 * by its engine (which rewrites the bundle list) and then applied to the running framework
 * ({@link RunningFramework}). One change at a time.
 */
@Component(service = Plugins.class, configurationPid = Plugins.CONFIGURATION_PID)
@Designate(ocd = PluginPolicy.class)
public final class P2Plugins implements Plugins {

    static final String PID = Plugins.CONFIGURATION_PID;
    /**
     * One p2 operation at a time in the whole framework: a configuration change replaces this component,
     * and an operation of the old instance must not overlap one of the new (p2 refuses a stale profile).
     */
    private static final Object P2 = new Object();

    private static final Logger LOG = Logger.getLogger(P2Plugins.class.getName());
    private static final String GROUP_SUFFIX = ".feature.group";
    /** The features the suite cannot run or change plugins without. */
    private static final Set<String> FOUNDATION = Set.of("org.parley.product.feature", "org.parley.core.feature",
            "org.parley.update.feature", "org.parley.console.feature");
    private static final String INSTALL_FOLDER = "org.eclipse.equinox.p2.installFolder";
    private static final String CONFIGURATION_FOLDER = "org.eclipse.equinox.p2.configurationFolder";

    private final IProvisioningAgent agent;
    /** Who asks the person about content without a trusted signature (the window registers one). */
    private final List<TrustQuestion> questions = new CopyOnWriteArrayList<>();
    private final RunningFramework framework;
    /** The signature policy p2 asks, or why it could not be read (then nothing is installed). */
    private final TrustPolicy trust;
    private final String policyError;

    @Activate
    public P2Plugins(@Reference(target = "(" + IProvisioningAgent.SERVICE_CURRENT + "=true)") IProvisioningAgent agent,
            BundleContext context, PluginPolicy policy) {
        this.agent = agent;
        this.framework = new RunningFramework(context);
        TrustPolicy read;
        String error = "";
        try {
            read = TrustPolicy.of(policy, UserDataDirectory.of(context).resolve("plugins").resolve("trusted"),
                    () -> questions.stream().findFirst());
        } catch (IOException unreadable) {
            error = unreadable.getMessage();
            read = null;
        }
        this.trust = read;
        this.policyError = error;
        if (trust != null) {
            agent.registerService(UIServices.SERVICE_NAME, trust);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTrustQuestion(TrustQuestion question) {
        questions.add(question);
    }

    void removeTrustQuestion(TrustQuestion question) {
        questions.remove(question);
    }

    @Deactivate
    void deactivate() {
        if (trust != null) {
            agent.unregisterService(UIServices.SERVICE_NAME, trust);
        }
    }

    @Override
    public List<URI> sites() {
        synchronized (P2) {
            URI[] known = metadata().getKnownRepositories(IRepositoryManager.REPOSITORIES_NON_SYSTEM);
            return Arrays.stream(known).sorted(Comparator.comparing(URI::toString)).toList();
        }
    }

    @Override
    public void addSite(URI site) throws PluginException {
        synchronized (P2) {
            URI location = directory(site);
            boolean known = sites().contains(location);
            metadata().addRepository(location);
            artifacts().addRepository(location);
            try {
                metadata().loadRepository(location, new NullProgressMonitor());
                artifacts().loadRepository(location, new NullProgressMonitor());
            } catch (ProvisionException unreadable) {
                if (!known) {
                    metadata().removeRepository(location);
                    artifacts().removeRepository(location);
                }
                throw new PluginException("Cannot read the update site " + location + ": " + unreadable.getMessage(),
                        unreadable);
            }
        }
    }

    @Override
    public void removeSite(URI site) throws PluginException {
        synchronized (P2) {
            URI location = directory(site);
            if (!sites().contains(location)) {
                throw new PluginException(location + " is not one of the update sites: " + sites());
            }
            metadata().removeRepository(location);
            artifacts().removeRepository(location);
        }
    }

    @Override
    public List<PluginFeature> available() throws PluginException {
        synchronized (P2) {
            return newestOnSites().values().stream().map(P2Plugins::feature).toList();
        }
    }

    @Override
    public List<PluginFeature> installed() throws PluginException {
        synchronized (P2) {
            return installedRoots().values().stream().map(P2Plugins::feature).toList();
        }
    }

    @Override
    public List<PluginFeature> updates() throws PluginException {
        synchronized (P2) {
            Map<String, IInstallableUnit> installed = installedRoots();
            List<PluginFeature> updates = new ArrayList<>();
            for (IInstallableUnit offered : newestOnSites().values()) {
                IInstallableUnit current = installed.get(offered.getId());
                if (current != null && offered.getVersion().compareTo(current.getVersion()) > 0) {
                    updates.add(feature(offered));
                }
            }
            return updates;
        }
    }

    @Override
    public PluginChange install(String featureId) throws PluginException {
        synchronized (P2) {
            String id = groupId(featureId);
            IInstallableUnit offered = offered(id);
            IInstallableUnit current = installedRoots().get(id);
            if (current != null) {
                throw new PluginException(featureName(featureId) + " " + current.getVersion() + " is installed already"
                        + (offered.getVersion().compareTo(current.getVersion()) > 0
                                ? "; " + offered.getVersion() + " is an update" : ""));
            }
            IProfileChangeRequest request = planner().createChangeRequest(profile());
            request.add(offered);
            request.setInstallableUnitProfileProperty(offered, IProfile.PROP_PROFILE_ROOT_IU, Boolean.TRUE.toString());
            return change(request, "install " + featureName(featureId));
        }
    }

    @Override
    public PluginChange update(String featureId) throws PluginException {
        synchronized (P2) {
            String id = groupId(featureId);
            IInstallableUnit current = installedRoot(id, featureId);
            IInstallableUnit offered = offered(id);
            if (offered.getVersion().compareTo(current.getVersion()) <= 0) {
                throw new PluginException(featureName(featureId) + " " + current.getVersion()
                        + " is the newest version the update sites offer");
            }
            IProfileChangeRequest request = planner().createChangeRequest(profile());
            request.remove(current);
            request.add(offered);
            request.setInstallableUnitProfileProperty(offered, IProfile.PROP_PROFILE_ROOT_IU, Boolean.TRUE.toString());
            return change(request, "update " + featureName(featureId));
        }
    }

    @Override
    public PluginChange uninstall(String featureId) throws PluginException {
        synchronized (P2) {
            String id = groupId(featureId);
            if (FOUNDATION.contains(featureName(featureId))) {
                throw new PluginException(featureName(featureId) + " is part of Parley itself and cannot be uninstalled");
            }
            IInstallableUnit current = installedRoot(id, featureId);
            IProfileChangeRequest request = planner().createChangeRequest(profile());
            request.remove(current);
            return change(request, "uninstall " + featureName(featureId));
        }
    }

    /** Plans the change, has p2 carry it out, and applies it to the running framework. */
    private PluginChange change(IProfileChangeRequest request, String what) throws PluginException {
        if (trust == null) {
            throw new PluginException("Cannot " + what + ": the plugin policy cannot be read: " + policyError);
        }
        ProvisioningContext context = new ProvisioningContext(agent);
        URI[] sites = sites().toArray(URI[]::new);
        context.setMetadataRepositories(sites);
        context.setArtifactRepositories(sites);
        IProvisioningPlan plan = planner().getProvisioningPlan(request, context, new NullProgressMonitor());
        if (plan.getStatus().getSeverity() == IStatus.ERROR || plan.getStatus().getSeverity() == IStatus.CANCEL) {
            throw new PluginException("Cannot " + what + ": " + Statuses.explain(plan.getStatus()));
        }
        Path installFolder = installFolder();
        Path configuration = configurationFolder(installFolder);
        BundlesInfo before = bundles(configuration, installFolder);
        trust.takeRefused();
        IStatus done = engine().perform(plan, PhaseSetFactory.createDefaultPhaseSet(), new NullProgressMonitor());
        String refused = trust.takeRefused();
        if (!refused.isEmpty()) {
            throw new PluginException("Cannot " + what + ": " + refused);
        }
        if (done.getSeverity() == IStatus.ERROR || done.getSeverity() == IStatus.CANCEL) {
            throw new PluginException("Could not " + what + ": " + Statuses.explain(done));
        }
        BundlesInfo after = bundles(configuration, installFolder);
        List<PluginFeature> installed = installed();
        String restart = framework.restartReason(before, after);
        if (!restart.isEmpty()) {
            LOG.info("Done: " + what + "; it takes effect at the next start: " + restart + " changed");
            return new PluginChange.RestartNeeded(installed, restart + " changed");
        }
        try {
            RunningFramework.Result applied = framework.apply(before, after);
            LOG.info("Done: " + what + "; started " + applied.started() + ", removed " + applied.removed());
            return new PluginChange.Applied(installed, applied.started(), applied.removed());
        } catch (BundleException failed) {
            return new PluginChange.RestartNeeded(installed,
                    "the running framework could not take the change (" + failed.getMessage() + ")");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new PluginChange.RestartNeeded(installed, "applying the change was interrupted");
        }
    }

    private Map<String, IInstallableUnit> newestOnSites() throws PluginException {
        Map<String, IInstallableUnit> newest = new LinkedHashMap<>();
        for (URI site : sites()) {
            IMetadataRepository repository;
            try {
                repository = metadata().loadRepository(site, new NullProgressMonitor());
            } catch (ProvisionException unreadable) {
                throw new PluginException("Cannot read the update site " + site + ": " + unreadable.getMessage(),
                        unreadable);
            }
            for (IInstallableUnit unit : repository.query(QueryUtil.createLatestQuery(QueryUtil.createIUGroupQuery()),
                    new NullProgressMonitor())) {
                if (unit.getId().endsWith(GROUP_SUFFIX)) {
                    newest.merge(unit.getId(), unit,
                            (one, other) -> one.getVersion().compareTo(other.getVersion()) >= 0 ? one : other);
                }
            }
        }
        return sortedById(newest);
    }

    private Map<String, IInstallableUnit> installedRoots() {
        Map<String, IInstallableUnit> roots = new LinkedHashMap<>();
        for (IInstallableUnit unit : profile().query(new UserVisibleRootQuery(), new NullProgressMonitor())) {
            if (unit.getId().endsWith(GROUP_SUFFIX)) {
                roots.put(unit.getId(), unit);
            }
        }
        return sortedById(roots);
    }

    private IInstallableUnit installedRoot(String id, String featureId) throws PluginException {
        IInstallableUnit current = installedRoots().get(id);
        if (current == null) {
            throw new PluginException(featureName(featureId) + " is not installed");
        }
        return current;
    }

    private IInstallableUnit offered(String id) throws PluginException {
        if (sites().isEmpty()) {
            throw new PluginException("There are no update sites: add one first");
        }
        IInstallableUnit offered = newestOnSites().get(id);
        if (offered == null) {
            throw new PluginException("No update site offers " + id.substring(0, id.length() - GROUP_SUFFIX.length())
                    + " (sites: " + sites() + ")");
        }
        return offered;
    }

    private static Map<String, IInstallableUnit> sortedById(Map<String, IInstallableUnit> units) {
        Map<String, IInstallableUnit> sorted = new LinkedHashMap<>();
        units.keySet().stream().sorted().forEach(id -> sorted.put(id, units.get(id)));
        return sorted;
    }

    private static PluginFeature feature(IInstallableUnit unit) {
        String id = unit.getId().substring(0, unit.getId().length() - GROUP_SUFFIX.length());
        return new PluginFeature(id, unit.getVersion().toString(),
                Optional.ofNullable(unit.getProperty(IInstallableUnit.PROP_NAME, null)).orElse(id),
                Optional.ofNullable(unit.getProperty(IInstallableUnit.PROP_DESCRIPTION, null)).orElse(""),
                Optional.ofNullable(unit.getProperty(IInstallableUnit.PROP_PROVIDER, null)).orElse(""));
    }

    /** The p2 id of a feature named with or without its ".feature.group" suffix. */
    private static String groupId(String featureId) throws PluginException {
        if (featureId == null || featureId.isBlank()) {
            throw new PluginException("Name a feature, for example org.parley.example.autoanswer.feature");
        }
        return featureId.endsWith(GROUP_SUFFIX) ? featureId : featureId + GROUP_SUFFIX;
    }

    private static String featureName(String featureId) {
        return featureId.endsWith(GROUP_SUFFIX) ? featureId.substring(0, featureId.length() - GROUP_SUFFIX.length())
                : featureId;
    }

    /** p2 names a site by its directory: "file:/srv/site" and "file:/srv/site/" are one site. */
    private static URI directory(URI site) throws PluginException {
        if (site == null || !site.isAbsolute()) {
            throw new PluginException("An update site is an absolute URI, for example https://example.org/parley/ or"
                    + " file:/srv/parley-site/: " + site);
        }
        String text = site.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : site;
    }

    private Path installFolder() throws PluginException {
        String folder = profile().getProperty(INSTALL_FOLDER);
        if (folder == null) {
            throw new PluginException("This installation's p2 profile does not say where it is installed");
        }
        return Path.of(folder).toAbsolutePath();
    }

    private Path configurationFolder(Path installFolder) {
        String folder = profile().getProperty(CONFIGURATION_FOLDER);
        return folder == null ? installFolder.resolve("configuration") : Path.of(folder).toAbsolutePath();
    }

    private static BundlesInfo bundles(Path configuration, Path installFolder) throws PluginException {
        try {
            return BundlesInfo.read(configuration, installFolder);
        } catch (IOException unreadable) {
            throw new PluginException("Cannot read the installation's bundle list: " + unreadable.getMessage(),
                    unreadable);
        }
    }

    private IProfile profile() {
        IProfile profile = service(IProfileRegistry.class).getProfile(IProfileRegistry.SELF);
        if (profile == null) {
            throw new IllegalStateException("Parley is not running from an installation p2 manages"
                    + " (no profile named by eclipse.p2.profile)");
        }
        return profile;
    }

    private IMetadataRepositoryManager metadata() {
        return service(IMetadataRepositoryManager.class);
    }

    private IArtifactRepositoryManager artifacts() {
        return service(IArtifactRepositoryManager.class);
    }

    private IPlanner planner() {
        return service(IPlanner.class);
    }

    private IEngine engine() {
        return service(IEngine.class);
    }

    private <T> T service(Class<T> type) {
        T service = agent.getService(type);
        if (service == null) {
            throw new IllegalStateException("p2 offers no " + type.getSimpleName() + ": is its bundle missing?");
        }
        return service;
    }
}
