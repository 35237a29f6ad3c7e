/** Voice calls: placing, answering, holding, transferring and ending them. */
package org.parley.core.telephony;
