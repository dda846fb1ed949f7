# `sam build` (template.yaml, BuildMethod: makefile) runs build-<LogicalId> here with ARTIFACTS_DIR set. Both
# functions are the same Native AOT bootstrap (it picks the function from _HANDLER), published exactly as the CDK
# stack and README.md, Deploying, publish it. RUNTIME_ID=linux-arm64 goes with Architectures: [arm64].
RUNTIME_ID ?= linux-x64

.PHONY: build-ProxyFunction build-AuthorizerFunction
build-ProxyFunction build-AuthorizerFunction:
	dotnet publish src/Gateway.Lambda -c Release -r $(RUNTIME_ID) -p:PublishAot=true -o "$(ARTIFACTS_DIR)" --nologo
