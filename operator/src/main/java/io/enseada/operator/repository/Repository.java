package io.enseada.operator.repository;

import io.enseada.operator.common.PrinterColumns;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A repository of a Registry: an OCI, Maven or npm namespace for packages. */
@Group("enseada.io")
@Version("v1alpha1")
@ShortNames("ensrepo")
@AdditionalPrinterColumn(name = "Format", type = Type.STRING, jsonPath = ".spec.format")
@AdditionalPrinterColumn(name = "Ready", type = Type.STRING, jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Synced", type = Type.STRING, jsonPath = PrinterColumns.SYNCED)
@AdditionalPrinterColumn(name = "URL", type = Type.STRING, jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = PrinterColumns.AGE)
@AdditionalPrinterColumn(name = "Message", type = Type.STRING, jsonPath = PrinterColumns.MESSAGE, priority = 1)
public class Repository extends CustomResource<RepositoryResourceSpec, RepositoryStatus> implements Namespaced {}
