package org.qiao.routes.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Who may use which HTTP door.
 * <ol>
 *   <li>{@code /services/**} (IHE SOAP transactions) and {@code /fhir/**} (MHD, PIXm, PDQm): no login — IHE
 *       actors are systems, authenticated as nodes by mutual TLS (qiao.tls.http); CSRF does not apply to them.</li>
 *   <li>{@code /api/**} and {@code /actuator/**}: HTTP Basic for systems and scripts, never creating a session;
 *       the console's own pages call the same API with their signed-in session, and those calls (having no
 *       Authorization header) must carry the session's CSRF token to change anything. Health probes are open.</li>
 *   <li>everything else (the console): form login with a session and CSRF tokens on every form.</li>
 * </ol>
 * The same path rules hold for a page and its API ({@link #areas}): patient data for ADMIN, OPERATOR and
 * CLINICIAN; the exchange for ADMIN and OPERATOR; the audit trail for ADMIN and AUDITOR; statistics (aggregates
 * only) for ADMIN, OPERATOR and AUTHORITY.
 * Users come from {@code qiao.security.users} with hashed passwords. With none configured, the engine makes a
 * one-off random admin password and logs it — except in the {@code prod} profile, where it refuses to start.
 */
@Configuration
public class WebSecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(WebSecurityConfig.class);
    /** Hash algorithms accepted in configuration; {noop} and unprefixed text are refused. */
    private static final Set<String> HASHES = Set.of("bcrypt", "argon2", "argon2@SpringSecurity_v5_8",
            "pbkdf2", "pbkdf2@SpringSecurity_v5_8", "scrypt", "scrypt@SpringSecurity_v5_8");

    private static final String ADMIN = SecurityProperties.Role.ADMIN.name();
    private static final String OPERATOR = SecurityProperties.Role.OPERATOR.name();
    private static final String AUDITOR = SecurityProperties.Role.AUDITOR.name();
    private static final String CLINICIAN = SecurityProperties.Role.CLINICIAN.name();
    private static final String AUTHORITY = SecurityProperties.Role.AUTHORITY.name();

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecurityProperties properties, PasswordEncoder encoder, Environment environment) {
        var manager = new InMemoryUserDetailsManager();
        if (properties.getUsers().isEmpty()) {
            if (environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new IllegalStateException("Profile prod needs qiao.security.users: there is no default login");
            }
            var bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            var password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            log.warn("No qiao.security.users configured: user 'admin' has the one-off password {} until restart", password);
            manager.createUser(User.withUsername("admin").password(encoder.encode(password)).roles(ADMIN).build());
            return manager;
        }
        for (var user : properties.getUsers()) {
            if (user.getName() == null || user.getName().isBlank()) {
                throw new IllegalStateException("qiao.security.users: a user without a name");
            }
            var hash = user.getPassword() == null ? "" : user.getPassword();
            var id = hash.startsWith("{") && hash.indexOf('}') > 0 ? hash.substring(1, hash.indexOf('}')) : "";
            if (!HASHES.contains(id)) {
                throw new IllegalStateException("qiao.security.users '" + user.getName()
                        + "': the password must be a hash such as {bcrypt}… (java -jar qiao.jar hash-password)");
            }
            if (user.getRoles().isEmpty()) {
                throw new IllegalStateException("qiao.security.users '" + user.getName() + "' has no role");
            }
            manager.createUser(User.withUsername(user.getName()).password(hash)
                    .roles(user.getRoles().stream().map(Enum::name).toArray(String[]::new)).build());
        }
        return manager;
    }

    @Bean
    @Order(1)
    SecurityFilterChain ihe(HttpSecurity http) throws Exception {
        // path matchers, not MVC ones: /services is CXF's servlet and /fhir IPF's FHIR servlet, not Spring MVC's
        return http.securityMatcher(new OrRequestMatcher(path("/services/**"), path("/fhir/**")))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http.securityMatcher(new OrRequestMatcher(path("/api/**"), path("/actuator/**")))
                .authorizeHttpRequests(a -> areas(a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole(ADMIN, OPERATOR), "/api")
                        .anyRequest().denyAll())
                .httpBasic(b -> b.realmName("Qiao"))
                // a script's Basic request has no session to forge; a page's request rides on one and needs the token
                .csrf(c -> c.requireCsrfProtectionMatcher(request -> !SAFE.contains(request.getMethod())
                        && request.getHeader("Authorization") == null))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .build();
    }

    /** Which roles may use each area of the console, as pages ({@code prefix} "") and as API ("/api"). */
    private static AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry areas(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a, String prefix) {
        return a.requestMatchers(prefix + "/audit", prefix + "/audit/**").hasAnyRole(ADMIN, AUDITOR)
                .requestMatchers(prefix + "/statistics", prefix + "/statistics/**").hasAnyRole(ADMIN, OPERATOR, AUTHORITY)
                .requestMatchers(prefix + "/residents", prefix + "/residents/**", prefix + "/documents/**")
                .hasAnyRole(ADMIN, OPERATOR, CLINICIAN)
                .requestMatchers(HttpMethod.GET, prefix + "/patients/*/*").hasAnyRole(ADMIN, OPERATOR, CLINICIAN)
                .requestMatchers(prefix + "/journal", prefix + "/journal/**", prefix + "/outbox", prefix + "/outbox/**",
                        prefix + "/patients/**", prefix + "/review", prefix + "/review/**", prefix + "/dashboard",
                        prefix + "/dashboard/**").hasAnyRole(ADMIN, OPERATOR);
    }

    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> areas(a
                        .requestMatchers("/login", "/error", "/webjars/**", "/console/**").permitAll(), "")
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .build();
    }
}
