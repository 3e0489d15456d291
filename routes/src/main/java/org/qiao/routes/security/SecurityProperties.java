package org.qiao.routes.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * People who may use the admin API and console, under {@code qiao.security.users}. Passwords are stored only
 * as hashes ({@code {bcrypt}…}, made with {@code java -jar qiao.jar hash-password}); the engine refuses to
 * start with a plain-text one.
 */
@ConfigurationProperties("qiao.security")
public class SecurityProperties {

    private List<User> users = new ArrayList<>();

    public List<User> getUsers() { return users; }
    public void setUsers(List<User> users) { this.users = users; }

    /**
     * What a user may do (WebSecurityConfig): ADMIN everything; OPERATOR the exchange (journal, outbox, linkage
     * review, dashboard), residents' records and statistics; CLINICIAN residents' records (search, timeline,
     * documents); AUDITOR the audit trail; AUTHORITY (the health authority) statistics only, never a resident.
     */
    public enum Role { ADMIN, OPERATOR, CLINICIAN, AUDITOR, AUTHORITY }

    public static class User {
        private String name;
        /** Password hash with its algorithm prefix, e.g. {bcrypt}$2a$10$… */
        private String password;
        private List<Role> roles = new ArrayList<>();

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public List<Role> getRoles() { return roles; }
        public void setRoles(List<Role> roles) { this.roles = roles; }
    }
}
