"""The salary calculator page: inputs, the band chart and one region's details."""
