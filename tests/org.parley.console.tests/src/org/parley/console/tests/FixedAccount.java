package org.parley.console.tests;

import org.parley.core.Address;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.ServerCertificate;

/** An account that stays unregistered: enough for the console to find and list it. */
record FixedAccount(AccountId id, Address address) implements Account {

    /** An account at {@code sip:<id>@example.org}. */
    static FixedAccount of(AccountId id) {
        return new FixedAccount(id, new Address("sip:" + id.value() + "@example.org"));
    }

    @Override
    public String protocol() {
        return "sip";
    }

    @Override
    public String displayName() {
        return "";
    }

    @Override
    public RegistrationState registrationState() {
        return new RegistrationState.Unregistered();
    }

    @Override
    public void register() {
        throw new UnsupportedOperationException("a test account does not register");
    }

    @Override
    public void unregister() {
    }

    @Override
    public void trustCertificate(ServerCertificate certificate) {
        throw new UnsupportedOperationException("a test account uses no certificates");
    }

    @Override
    public void trustCertificateThisTime(ServerCertificate certificate) {
        trustCertificate(certificate);
    }
}
