"""Exports of a map with no Qt: the Excel blockage report and pictures of the circles."""
