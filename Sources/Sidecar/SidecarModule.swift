enum SidecarModule {}
