package io.enseada.operator.registry;

import io.enseada.operator.common.PrinterColumns;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An Enseada registry: a Deployment of registry pods on S3 or a volume, with metadata in CouchDB. */
@Group("enseada.io")
@Version("v1alpha1")
@ShortNames("ensreg")
@AdditionalPrinterColumn(name = "Ready", type = Type.STRING, jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Reason", type = Type.STRING, jsonPath = PrinterColumns.REASON)
@AdditionalPrinterColumn(
        name = "Available",
        type = Type.INTEGER,
        jsonPath = ".status.readyReplicas",
        getDescription = "registry pods that are ready")
@AdditionalPrinterColumn(name = "URL", type = Type.STRING, jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = PrinterColumns.AGE)
@AdditionalPrinterColumn(name = "Message", type = Type.STRING, jsonPath = PrinterColumns.MESSAGE, priority = 1)
public class Registry extends CustomResource<RegistrySpec, RegistryStatus> implements Namespaced {}
