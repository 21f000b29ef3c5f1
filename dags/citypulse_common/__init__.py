"""Shared pieces of the CityPulse DAGs: platform settings, the Spark job factory, health checks, params.

Not a DAG: the DAG files next to this package import it. Nothing here touches the network at import time.
"""
