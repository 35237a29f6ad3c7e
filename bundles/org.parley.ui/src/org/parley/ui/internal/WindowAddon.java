package org.parley.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.widgets.Display;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.parley.core.UserDataDirectory;
import org.parley.core.plugins.Restarter;
import org.parley.ui.api.ContactAction;
import org.parley.ui.api.ViewContribution;
import org.parley.ui.internal.preferences.UiSettings;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The window's own wiring, started with the application model: puts {@link WindowActions} and
 * the {@link DesktopSession} in the context, keeps one tab per contributed
 * {@link ViewContribution} in the main stack (added when the service appears, removed when it
 * goes), and installs the tray icon and the keyboard shortcuts.
 */
public final class WindowAddon {

    /** Part data key of the view a contributed tab shows. */
    static final String VIEW = "parley.view";
    private static final String STACK = "org.parley.ui.stack.main";
    private static final String MAIN_WINDOW = "org.parley.ui.window.main";
    private static final String VIEW_PART_URI = "bundleclass://org.parley.ui/" + ContributedViewPart.class.getName();

    private MApplication application;
    private EModelService models;
    private DesktopSession session;
    private AutoCloseable watch;
    private final List<AutoCloseable> installed = new ArrayList<>();

    @PostConstruct
    void start(IEclipseContext context, MApplication application, EModelService models) {
        StartupReport.step("addon");
        this.application = application;
        this.models = models;
        session = Sessions.await();
        WindowActions actions = new WindowActions(application, session);
        context.set(DesktopSession.class, session);
        context.set(WindowActions.class, actions);
        Display display = Display.getCurrent();
        if (models.find(MAIN_WINDOW, application) instanceof MWindow window) {
            WindowPlacement.restore(window, display, dataDirectory());
        }
        watch = UiWatch.start(display, session, this::changed);
        installed.add(Shortcuts.install(display, session));
        installed.add(TrayIcon.install(display, session, actions));
        installed.add(LinkOpener.start(display, dataDirectory(), actions::dial));
        installed.add(org.parley.ui.internal.calls.IncomingCalls.install(display, session, actions));
        installed.add(UpdatePrompts.install(display, session, actions));
        BundleContext bundleContext = FrameworkUtil.getBundle(WindowAddon.class).getBundleContext();
        installed.add(TrustPrompt.register(bundleContext, display, actions));
        if (actions.canRestart()) {
            Restarter restarter = () -> OnUiThread.run(display, actions::restart);
            installed.add(bundleContext.registerService(Restarter.class, restarter, null)::unregister);
        }
        StartupReport.step("addon-done");
        display.asyncExec(() -> {
            StartupReport.step("first-event-loop");
            actions.createParts();
            followContributions();
            applyStartup(display, actions);
        });
    }

    /**
     * Start minimised (to the tray where there is one) and close to the tray, as the preferences say;
     * the window's end is the desktop product's end.
     */
    private void applyStartup(Display display, WindowActions actions) {
        org.eclipse.swt.widgets.Shell shell = actions.shell();
        if (shell == null) {
            return;
        }
        WindowPlacement.follow(shell, dataDirectory());
        boolean tray = TrayIcon.available(display);
        if (UiSettings.current(session).startMinimized()) {
            if (tray) {
                shell.setVisible(false);
            } else {
                shell.setMinimized(true);
            }
        }
        DesktopLifecycle.find().ifPresent(DesktopLifecycle::windowShown);
        shell.addListener(org.eclipse.swt.SWT.Dispose, event -> DesktopLifecycle.find().ifPresent(DesktopLifecycle::windowClosed));
        shell.addListener(org.eclipse.swt.SWT.Close, event -> {
            if (shell.isDisposed()) {
                return;
            }
            if (tray && shell.getData(WindowActions.QUITTING) == null && UiSettings.current(session).closeToTray()) {
                event.doit = false;
                shell.setVisible(false);
            }
        });
    }

    @PreDestroy
    void stop() throws Exception {
        watch.close();
        for (AutoCloseable each : installed) {
            each.close();
        }
        DesktopLifecycle.find().ifPresent(DesktopLifecycle::windowClosed);
    }

    private static Path dataDirectory() {
        return UserDataDirectory.of(FrameworkUtil.getBundle(WindowAddon.class).getBundleContext());
    }

    private void changed(List<SessionChange> changes) {
        if (changes.stream().anyMatch(SessionChange.Contributions.class::isInstance)) {
            followContributions();
        }
    }

    /** Makes the main stack's contributed tabs match the contributed views. */
    private void followContributions() {
        MPartStack stack = (MPartStack) models.find(STACK, application);
        if (stack == null) {
            return;
        }
        List<ViewContribution> views = session.views();
        StartupReport.contributions(views.stream().map(ViewContribution::title).toList(),
                session.contactActions().stream().map(ContactAction::label).toList());
        List<MPart> shown = new ArrayList<>();
        for (var child : List.copyOf(stack.getChildren())) {
            if (child instanceof MPart part && part.getTransientData().get(VIEW) instanceof ViewContribution view) {
                if (views.contains(view)) {
                    shown.add(part);
                } else {
                    part.setToBeRendered(false);
                    stack.getChildren().remove(part);
                }
            }
        }
        for (ViewContribution view : views) {
            if (shown.stream().noneMatch(part -> part.getTransientData().get(VIEW) == view)) {
                MPart part = models.createModelElement(MPart.class);
                part.setElementId("org.parley.ui.part.contributed." + System.identityHashCode(view));
                part.setLabel(view.title());
                part.setContributionURI(VIEW_PART_URI);
                part.getTransientData().put(VIEW, view);
                part.setCloseable(false);
                stack.getChildren().add(part);
            }
        }
    }
}
