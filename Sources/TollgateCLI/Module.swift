public enum TollgateCLIModule {}
