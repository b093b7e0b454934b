"""The map without any screen: entities, the file store, services, the graph, analysis and sentences."""
