package warren.contracts.store;

/**
 * What a user's page shows: how many follow them, how many they follow and how many posts they
 * wrote.
 */
public record UserCounts(String username, long followers, long following, long posts) {}
