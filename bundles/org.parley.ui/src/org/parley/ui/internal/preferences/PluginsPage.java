package org.parley.ui.internal.preferences;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.parley.core.plugins.PluginChange;
import org.parley.core.plugins.PluginException;
import org.parley.core.plugins.PluginFeature;
import org.parley.core.plugins.Plugins;
import org.parley.ui.internal.Accessibility;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.session.DesktopSession;

/**
 * The Plugins page: the update sites, the features they offer beside those installed, and Install,
 * Update and Uninstall for the selected one. Unlike the other pages it acts at once (a plugin is not
 * a setting to save): each action runs off the UI thread, one at a time, and its outcome shows in
 * the page's status line, including when Parley must restart to finish.
 */
final class PluginsPage {

    private final DesktopSession session;
    private final Composite page;
    private final org.eclipse.swt.widgets.List sites;
    private final Text site;
    private final Table features;
    private final Label status;
    private final List<Button> actions;
    private final Button install;
    private final Button update;
    private final Button uninstall;
    private final Button restartNow;
    private final boolean canRestart;
    /** Set by the worker when a change needs a restart to finish. */
    private volatile boolean restartNeeded;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "parley-plugins-page");
        thread.setDaemon(true);
        return thread;
    });

    /** One row of the table: what the sites offer, and what is installed of it. */
    private record Row(String id, String name, String description, Optional<String> offered,
            Optional<String> installed, boolean updatable) {
    }

    /**
     * @param restart closes the dialog and restarts Parley, where that is possible: offered once a change
     *                needs a restart
     */
    PluginsPage(Composite parent, DesktopSession session, Optional<Runnable> restart) {
        this.session = session;
        page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(3, false));
        Label sitesLabel = new Label(page, SWT.NONE);
        sitesLabel.setText("Update sites:");
        sitesLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        sites = Ids.set(new org.eclipse.swt.widgets.List(page, SWT.BORDER | SWT.SINGLE | SWT.V_SCROLL), "plugins.sites");
        GridData sitesData = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        sitesData.heightHint = 60;
        sites.setLayoutData(sitesData);
        Accessibility.name(sites, "Update sites");
        Button removeSite = button("Remove site", "plugins.removeSite");
        site = Ids.set(new Text(page, SWT.BORDER | SWT.SINGLE), "plugins.site");
        site.setMessage("https://… or a directory");
        site.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Accessibility.name(site, "Update site to add");
        Button addSite = button("Add site", "plugins.addSite");
        features = Ids.set(new Table(page, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION), "plugins.features");
        features.setHeaderVisible(true);
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        tableData.heightHint = 160;
        features.setLayoutData(tableData);
        Accessibility.name(features, "Features");
        for (String title : new String[] { "Feature", "Installed", "Offered", "Description" }) {
            TableColumn column = new TableColumn(features, SWT.LEFT);
            column.setText(title);
            column.setWidth(title.equals("Description") ? 260 : 140);
        }
        Composite row = new Composite(page, SWT.NONE);
        row.setLayout(new GridLayout(5, false));
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        install = button(row, "Install", "plugins.install");
        update = button(row, "Update", "plugins.update");
        uninstall = button(row, "Uninstall", "plugins.uninstall");
        Button refresh = button(row, "Refresh", "plugins.refresh");
        restartNow = button(row, "Restart Parley", "plugins.restart");
        restartNow.setToolTipText("Closes Parley and starts it again, to finish the change (unsaved preferences are dropped)");
        restartNow.setVisible(false);
        restart.ifPresent(action -> restartNow.addListener(SWT.Selection, event -> action.run()));
        canRestart = restart.isPresent();
        status = Ids.set(new Label(page, SWT.WRAP), "plugins.status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        actions = List.of(addSite, removeSite, install, update, uninstall, refresh);

        addSite.addListener(SWT.Selection, event -> addSite());
        site.addListener(SWT.DefaultSelection, event -> addSite());
        removeSite.addListener(SWT.Selection, event -> {
            if (sites.getSelectionIndex() >= 0) {
                URI chosen = URI.create(sites.getItem(sites.getSelectionIndex()));
                run("Removing " + chosen + "…", plugins -> {
                    plugins.removeSite(chosen);
                    return "Removed " + chosen + ".";
                });
            }
        });
        install.addListener(SWT.Selection, event -> selected().ifPresent(chosen -> run("Installing " + chosen.name()
                + "…", plugins -> describe(plugins.install(chosen.id()), "Installed " + chosen.name()))));
        update.addListener(SWT.Selection, event -> selected().ifPresent(chosen -> run("Updating " + chosen.name() + "…",
                plugins -> describe(plugins.update(chosen.id()), "Updated " + chosen.name()))));
        uninstall.addListener(SWT.Selection, event -> selected().ifPresent(chosen -> run("Uninstalling "
                + chosen.name() + "…", plugins -> describe(plugins.uninstall(chosen.id()), "Uninstalled " + chosen.name()))));
        refresh.addListener(SWT.Selection, event -> run("Reading the update sites…", plugins -> ""));
        features.addListener(SWT.Selection, event -> enableRowActions());
        page.addDisposeListener(event -> worker.shutdownNow());
        run("Reading the update sites…", plugins -> "");
    }

    Control control() {
        return page;
    }

    private Button button(String text, String id) {
        return button(page, text, id);
    }

    private static Button button(Composite parent, String text, String id) {
        Button button = Ids.set(new Button(parent, SWT.PUSH), id);
        button.setText(text);
        return button;
    }

    private void addSite() {
        String typed = site.getText().trim();
        if (typed.isEmpty()) {
            return;
        }
        URI location = Plugins.site(typed);
        run("Reading " + location + "…", plugins -> {
            plugins.addSite(location);
            return "Added " + location + ".";
        });
    }

    /** What a plugin operation does once it has the service: returns what to tell the user. */
    private interface Operation {
        String apply(Plugins plugins) throws PluginException;
    }

    /**
     * Runs {@code operation} off the UI thread with the controls disabled, then reads the sites and
     * the installed features again and shows them with the operation's outcome (or its error).
     */
    private void run(String working, Operation operation) {
        Optional<Plugins> service = session.plugins();
        if (service.isEmpty()) {
            status.setText("Plugins cannot be managed: this installation has no plugin manager (org.parley.update).");
            actions.forEach(button -> button.setEnabled(false));
            return;
        }
        status.setText(working);
        actions.forEach(button -> button.setEnabled(false));
        Plugins plugins = service.get();
        worker.execute(() -> {
            String outcome;
            List<URI> known = List.of();
            List<Row> rows = List.of();
            try {
                outcome = operation.apply(plugins);
            } catch (PluginException | RuntimeException failed) {
                outcome = failed.getMessage();
            }
            try {
                known = plugins.sites();
                rows = rows(plugins);
            } catch (PluginException | RuntimeException failed) {
                outcome = (outcome.isEmpty() ? "" : outcome + " ") + failed.getMessage();
            }
            String said = outcome;
            List<URI> shownSites = known;
            List<Row> shownRows = rows;
            if (!page.isDisposed()) {
                page.getDisplay().asyncExec(() -> show(said, shownSites, shownRows));
            }
        });
    }

    private static List<Row> rows(Plugins plugins) throws PluginException {
        Map<String, PluginFeature> installed = plugins.installed().stream()
                .collect(Collectors.toMap(PluginFeature::id, Function.identity()));
        Map<String, PluginFeature> offered = plugins.available().stream()
                .collect(Collectors.toMap(PluginFeature::id, Function.identity()));
        Set<String> updatable = plugins.updates().stream().map(PluginFeature::id).collect(Collectors.toSet());
        return Stream.concat(offered.keySet().stream(), installed.keySet().stream()).distinct().sorted()
                .map(id -> {
                    PluginFeature about = offered.getOrDefault(id, installed.get(id));
                    return new Row(id, about.name(), about.description(),
                            Optional.ofNullable(offered.get(id)).map(PluginFeature::version),
                            Optional.ofNullable(installed.get(id)).map(PluginFeature::version), updatable.contains(id));
                }).toList();
    }

    private void show(String outcome, List<URI> known, List<Row> rows) {
        if (page.isDisposed()) {
            return;
        }
        sites.setItems(known.stream().map(URI::toString).toArray(String[]::new));
        String selectedId = selected().map(Row::id).orElse(null);
        features.removeAll();
        for (Row row : rows) {
            TableItem item = new TableItem(features, SWT.NONE);
            item.setText(new String[] { row.name(), row.installed().orElse("—"), row.offered().orElse("—"),
                    row.description() });
            item.setData(row);
            if (row.id().equals(selectedId)) {
                features.setSelection(item);
            }
        }
        status.setText(outcome.isEmpty() ? (known.isEmpty() ? "Add an update site to see the plugins it offers."
                : rows.size() + " features.") : outcome);
        actions.forEach(button -> button.setEnabled(true));
        restartNow.setVisible(restartNeeded && canRestart);
        enableRowActions();
        page.layout(true, true);
    }

    private void enableRowActions() {
        Optional<Row> row = selected();
        install.setEnabled(row.map(chosen -> chosen.offered().isPresent() && chosen.installed().isEmpty()).orElse(false));
        update.setEnabled(row.map(Row::updatable).orElse(false));
        uninstall.setEnabled(row.map(chosen -> chosen.installed().isPresent()).orElse(false));
    }

    private Optional<Row> selected() {
        int index = features.getSelectionIndex();
        return index < 0 ? Optional.empty() : Optional.of((Row) features.getItem(index).getData());
    }

    /** Says what a change did; worker thread. */
    private String describe(PluginChange change, String done) {
        return switch (change) {
            case PluginChange.Applied applied -> done + ": it works now"
                    + (applied.started().isEmpty() ? "." : " (started " + String.join(", ", applied.started()) + ").");
            case PluginChange.RestartNeeded restart -> {
                restartNeeded = true;
                yield done + ". Restart Parley to finish: " + restart.reason() + ".";
            }
        };
    }
}
