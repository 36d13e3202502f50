package dev.twitterlike.tweet.media;

import dev.twitterlike.devstack.JsonShape;
import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tweet tweet-service serves has exactly the shape of the API's samples in
 * {@code docs/contract/} (the web app's schema test parses the same samples): {@code replyTo}
 * and the author's {@code avatarUrl} always present, null when there is none; {@code liked}
 * and {@code retweeted} only for a signed-in viewer.
 */
class TweetShapeContractTest extends MediaTestSupport {

    @Test
    void aTweetReadAnonymouslyHasTheSampleShape() {
        long author = user();
        long bob = insertUser(uniqueName("bob"));
        fixtures.sql("UPDATE graph.users SET avatar_url = NULL WHERE id = ?").param(author).update();
        String bobName = fixtures.sql("SELECT username FROM graph.users WHERE id = ?").param(bob).query(String.class).single();
        long id = tweet(author, "Hello #world, @" + bobName);
        client.post("/api/tweets/" + id + "/like", bob, null);

        Response read = client.get("/api/tweets/" + id, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(JsonShape.of(read.body())).isEqualTo(JsonShape.ofSample("tweet.json"));
    }

    @Test
    void aReplyWithAnImageReadBySignedInViewerHasTheSampleShape() {
        long alice = user();
        long bob = user();
        String aliceName = fixtures.sql("SELECT username FROM graph.users WHERE id = ?").param(alice).query(String.class).single();
        long parent = tweet(alice, "parent");
        Response uploaded = upload(bob, "picture.png", "image/png", image("png"));
        assertThat(uploaded.status()).isEqualTo(201);
        long reply = tweet(bob, Map.of("content", "@" + aliceName + " agreed", "replyTo", Long.toString(parent),
                "mediaUrls", List.of(uploaded.body().path("url").asString())));
        assertThat(client.post("/api/tweets/" + reply + "/retweet", alice, null).status()).isEqualTo(200);

        Response read = client.get("/api/tweets/" + reply, alice);
        assertThat(read.status()).isEqualTo(200);
        assertThat(JsonShape.of(read.body())).isEqualTo(JsonShape.ofSample("tweet-for-viewer.json"));
        // and the same shape in a list
        Response replies = client.get("/api/tweets/" + parent + "/replies", alice);
        assertThat(JsonShape.of(replies.body().path("items").get(0))).isEqualTo(JsonShape.ofSample("tweet-for-viewer.json"));
    }
}
