package io.wsengine.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * JSON-like chat traffic for the compression workload (G): objects of a chat message with the same
 * keys every time, a few users and rooms, and text drawn from a small vocabulary. It compresses
 * about as much as real chat JSON does, which the generator's random pattern would not (it does not
 * compress at all). ASCII only, so every slice is valid UTF-8. Deterministic: the same bytes every run.
 */
final class ChatJson {
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
    private static final String[] ROOMS = {"general", "random", "support", "release-planning"};
    private static final String[] WORDS = ("the build is green again after the merge can someone review my pull request"
            + " please deploy to staging when ready I think we should ship it tomorrow morning thanks for the quick"
            + " fix lunch anyone meeting moved to three o'clock the dashboard looks slow today").split(" ");

    private ChatJson() {
    }

    /** At least {@code length} bytes of consecutive chat-message objects, cut to exactly {@code length}. */
    static byte[] text(int length) {
        SplittableRandom random = new SplittableRandom(0xc4a7_15_0eL);
        StringBuilder b = new StringBuilder(length + 512);
        long id = 1_000_000;
        long millis = 1_795_000_000_000L;
        while (b.length() < length) {
            String user = USERS[random.nextInt(USERS.length)];
            b.append("{\"type\":\"message\",\"id\":").append(id++)
                    .append(",\"room\":\"").append(ROOMS[random.nextInt(ROOMS.length)])
                    .append("\",\"user\":{\"id\":").append(100 + user.length() * 7).append(",\"name\":\"").append(user)
                    .append("\",\"avatar\":\"https://cdn.example.com/avatars/").append(user).append(".png\"}")
                    .append(",\"text\":\"");
            int words = 4 + random.nextInt(12);
            for (int w = 0; w < words; w++) {
                b.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            millis += 200 + random.nextInt(5000);
            b.append("\",\"sentAt\":").append(millis).append(",\"edited\":").append(random.nextInt(10) == 0)
                    .append(",\"reactions\":[]},");
        }
        b.setLength(length);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
