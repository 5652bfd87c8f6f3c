/// Placeholder until the store lands; replaced by the DataStore implementation.
enum DataStoreModule {}
