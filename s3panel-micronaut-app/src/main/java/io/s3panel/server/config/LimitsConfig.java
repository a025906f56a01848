package io.s3panel.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Limits on what unauthenticated clients may make the server do and keep, under {@code s3panel.limits.*}
 * (SECURITY.md items 25 and 28; see application.yml for the environment variable behind each).
 *
 * @param loginsPerAddress login attempts one client address may make within {@code loginAddressWindow}
 * @param loginAddressWindow the window of {@code loginsPerAddress}
 * @param hashingPerAddress logins and registrations of one address waiting for or holding a hashing slot at once
 * @param registrationsPerAddress registrations one client address may attempt within {@code registrationWindow}
 * @param registrationWindow the window of {@code registrationsPerAddress}
 * @param trackedKeys client addresses (and unknown usernames) remembered per server at most; the oldest go first
 * @param purgeInterval how often expired throttle rows and finished refresh-token families are deleted
 * @param revokedFamilyRetention how long a revoked refresh-token family is kept before it is deleted
 */
@ConfigurationProperties("s3panel.limits")
public record LimitsConfig(
    @Bindable(defaultValue = "30") int loginsPerAddress,
    @Bindable(defaultValue = "1m") Duration loginAddressWindow,
    @Bindable(defaultValue = "2") int hashingPerAddress,
    @Bindable(defaultValue = "10") int registrationsPerAddress,
    @Bindable(defaultValue = "1h") Duration registrationWindow,
    @Bindable(defaultValue = "10000") int trackedKeys,
    @Bindable(defaultValue = "10m") Duration purgeInterval,
    @Bindable(defaultValue = "1d") Duration revokedFamilyRetention) {}
