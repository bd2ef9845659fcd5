package warren.store;

import java.time.Instant;
import java.util.UUID;
import warren.contracts.auth.UserSignedUp;
import warren.contracts.store.CreatePost;
import warren.contracts.store.Follow;
import warren.contracts.store.StoreApi;
import warren.contracts.store.Unfollow;
import warren.store.follow.FollowHandler;
import warren.store.follow.UnfollowHandler;
import warren.store.post.CreatePostHandler;
import warren.store.user.UserSignedUpHandler;

/** Test vocabulary: sign up, post, follow and unfollow through the real handlers. */
public final class StoreFixture {
  /** A user as the web knows them after logging in. */
  public record User(String id, String name) {}

  public final RecordedEvents events = new RecordedEvents();
  private final UserSignedUpHandler signUp;
  private final CreatePostHandler createPost;
  private final FollowHandler follow;
  private final UnfollowHandler unfollow;

  public StoreFixture(Transactions transactions) {
    signUp = new UserSignedUpHandler(transactions);
    createPost = new CreatePostHandler(transactions, events);
    follow = new FollowHandler(transactions, events);
    unfollow = new UnfollowHandler(transactions, events);
  }

  /** A new user with a unique name starting with {@code prefix}, recorded from user.signed-up. */
  public User signUp(String prefix) throws Exception {
    User user = new User(UUID.randomUUID().toString(), prefix + "_" + shortId());
    signUp.handle(
        new UserSignedUp(user.id(), user.name()), TestMessageContext.firstDelivery("store.users"));
    return user;
  }

  /** Posts {@code text} as {@code author} at {@code at}; returns the post id. */
  public String post(User author, String text, Instant at) throws Exception {
    String id = UUID.randomUUID().toString();
    createPost.handle(
        new CreatePost(id, author.id(), author.name(), text, at),
        TestMessageContext.firstDelivery(StoreApi.CREATE_POST.name()));
    return id;
  }

  /** Follows as the web sends it: with the followee's id, as auth answered it. */
  public void follow(User follower, User followee) throws Exception {
    follow(follower, followee, Instant.now());
  }

  /** A follow the web accepted at {@code issuedAt}, handled now. */
  public void follow(User follower, User followee, Instant issuedAt) throws Exception {
    follow.handle(
        new Follow(follower.id(), follower.name(), followee.id(), followee.name(), issuedAt),
        TestMessageContext.firstDelivery(StoreApi.FOLLOW.name()));
  }

  /** Unfollows as the web sends it: with the followee's id. */
  public void unfollow(User follower, User followee) throws Exception {
    unfollow(follower, followee, Instant.now());
  }

  /** An unfollow the web accepted at {@code issuedAt}, handled now. */
  public void unfollow(User follower, User followee, Instant issuedAt) throws Exception {
    unfollow.handle(
        new Unfollow(follower.id(), follower.name(), followee.id(), followee.name(), issuedAt),
        TestMessageContext.firstDelivery(StoreApi.UNFOLLOW.name()));
  }

  /** A user auth has signed up but whose {@code user.signed-up} the store has not handled yet. */
  public User notYetSignedUp(String prefix) {
    return new User(UUID.randomUUID().toString(), prefix + "_" + shortId());
  }

  /** Handles a (late, or repeated) {@code user.signed-up} for this user. */
  public void signedUp(User user) throws Exception {
    signUp.handle(
        new UserSignedUp(user.id(), user.name()), TestMessageContext.firstDelivery("store.users"));
  }

  private static String shortId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }
}
