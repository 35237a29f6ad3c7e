package org.parley.ui.internal;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.parley.ui.api.ViewContribution;

import jakarta.annotation.PostConstruct;

/** A tab showing a view another bundle contributed; a view that fails to build shows why instead. */
public final class ContributedViewPart {

    @PostConstruct
    void create(Composite parent, MPart part) {
        ViewContribution view = (ViewContribution) part.getTransientData().get(WindowAddon.VIEW);
        Ids.set(parent, "view:" + view.title());
        try {
            view.createControls(parent);
        } catch (RuntimeException e) {
            for (var child : parent.getChildren()) {
                child.dispose();
            }
            parent.setLayout(new FillLayout());
            new Label(parent, SWT.WRAP).setText("The view '" + view.title() + "' could not be shown: " + e);
        }
        parent.layout(true, true);
    }
}
