"""The deployment files: docker-compose.yml, Dockerfile, Prometheus, Grafana, Kubernetes.

Static checks, no broker, database or Docker engine needed. promtool is required (`make tools`
installs it); kubectl is used for the one kustomize build test when it is on PATH.
"""
