package org.parley.console.tests;

import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Services a test registers for the console to find, all unregistered when it closes. */
final class TestServices implements AutoCloseable {

    private final BundleContext context;
    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();

    TestServices(BundleContext context) {
        this.context = context;
    }

    /** Registers {@code service} with the properties given as key, value, key, value... */
    <T> void register(Class<T> type, T service, Object... keysAndValues) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        registrations.add(context.registerService(type, service, properties));
    }

    @Override
    public void close() {
        registrations.forEach(ServiceRegistration::unregister);
    }
}
