/** History: past calls and messages, per conversation and searchable. */
package org.parley.core.history;
