package io.enseada.operator.accesspolicy;

import io.enseada.operator.common.PrinterColumns;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Who may do what on which repositories of a Registry, optionally with a robot token in a Secret. */
@Group("enseada.io")
@Version("v1alpha1")
@ShortNames("enspol")
@AdditionalPrinterColumn(name = "Registry", type = Type.STRING, jsonPath = ".spec.registryRef.name")
@AdditionalPrinterColumn(name = "Ready", type = Type.STRING, jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Synced", type = Type.STRING, jsonPath = PrinterColumns.SYNCED)
@AdditionalPrinterColumn(
        name = "Credentials",
        type = Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"CredentialsReady\")].status")
@AdditionalPrinterColumn(name = "Secret", type = Type.STRING, jsonPath = ".status.secretName")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = PrinterColumns.AGE)
@AdditionalPrinterColumn(name = "Message", type = Type.STRING, jsonPath = PrinterColumns.MESSAGE, priority = 1)
public class AccessPolicy extends CustomResource<AccessPolicySpec, AccessPolicyStatus> implements Namespaced {}
