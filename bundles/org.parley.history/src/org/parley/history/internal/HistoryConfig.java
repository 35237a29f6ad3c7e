package org.parley.history.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The history's settings: the ConfigurationAdmin configuration {@value SqliteHistory#PID} (optional). */
@ObjectClassDefinition(name = "Parley history", description = "Where past calls and messages are kept.")
public @interface HistoryConfig {

    @AttributeDefinition(name = "Database file", required = false,
            description = "The SQLite database; empty: history/history.db in the user's data directory.")
    String databaseFile() default "";
}
