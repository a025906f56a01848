package db.migration;

import io.s3panel.server.persistence.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes {@code users.username_lower} as the NFKC case-folded key ({@link User#lower}, SECURITY.md item
 * 29); SQL cannot normalise Unicode, hence Java. Rows whose key does not change keep it; the others get
 * their new key in id order unless it is taken or longer than the column, in which case the account keeps
 * its old key (it was registered before look-alikes were refused; an operator should rename it) and a
 * warning names its id. Runs in Flyway's transaction, on H2 and PostgreSQL alike.
 */
public class V4__username_nfkc_casefold extends BaseJavaMigration {
  private static final Logger LOG = LoggerFactory.getLogger(V4__username_nfkc_casefold.class);
  private static final int MAX_KEY = 150;

  /** Recomputes every key that changes under the new normalisation, in Flyway's transaction. */
  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    record Row(long id, String oldKey, String newKey) {}
    List<Row> changed = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, username, username_lower FROM users ORDER BY id")) {
      while (rs.next()) {
        String key = User.lower(rs.getString(2));
        if (key.equals(rs.getString(3))) {
          taken.add(key);
        } else {
          changed.add(new Row(rs.getLong(1), rs.getString(3), key));
        }
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    try (PreparedStatement park = c.prepareStatement("UPDATE users SET username_lower = ? WHERE id = ?")) {
      for (Row r : changed) {
        park.setString(1, "#" + r.id()); // '#' is never part of a username: no clash while keys move
        park.setLong(2, r.id());
        park.addBatch();
      }
      park.executeBatch();
    }
    try (PreparedStatement set = c.prepareStatement("UPDATE users SET username_lower = ? WHERE id = ?")) {
      for (Row r : changed) {
        String key = r.newKey();
        if (key.length() > MAX_KEY || !taken.add(key)) {
          LOG.warn("User id {} keeps its old username key: its normalised name collides with an older account or"
              + " is too long. Rename it so that it can log in by its normalised name.", r.id());
          key = taken.add(r.oldKey()) ? r.oldKey() : "#" + r.id();
        }
        set.setString(1, key);
        set.setLong(2, r.id());
        set.addBatch();
      }
      set.executeBatch();
    }
    LOG.info("Recomputed the normalised username key of {} user(s).", changed.size());
  }
}
