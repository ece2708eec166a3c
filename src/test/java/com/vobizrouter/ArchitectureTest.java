package com.vobizrouter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the production code's packages in the order an event flows: intake writes the inbox,
 * dispatch reads it, and each sink plugs into dispatch; admin reads beside them; config wires
 * everything together; demo is something to run, never something to depend on. The micro-batcher
 * (batch) is a tool for intake, dispatch and the sinks and knows none of them.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.vobizrouter");

    @Test
    void packagesFollowTheFlowOfAnEvent() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("application").definedBy("com.vobizrouter")
                .layer("config").definedBy("com.vobizrouter.config..")
                .layer("admin").definedBy("com.vobizrouter.admin..")
                .layer("demo").definedBy("com.vobizrouter.demo..")
                .layer("bench").definedBy("com.vobizrouter.bench..")
                .layer("intake").definedBy("com.vobizrouter.intake..")
                .layer("inbox").definedBy("com.vobizrouter.inbox..")
                .layer("dispatch").definedBy("com.vobizrouter.dispatch..")
                .layer("sink").definedBy("com.vobizrouter.sink..")
                .layer("batch").definedBy("com.vobizrouter.batch..")
                .whereLayer("application").mayNotBeAccessedByAnyLayer()
                .whereLayer("config").mayOnlyBeAccessedByLayers("application")
                .whereLayer("demo").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayNotBeAccessedByAnyLayer()
                .whereLayer("admin").mayOnlyBeAccessedByLayers("application", "config", "demo")
                .whereLayer("intake").mayOnlyBeAccessedByLayers("config")
                .whereLayer("sink").mayOnlyBeAccessedByLayers("config")
                .whereLayer("dispatch").mayOnlyBeAccessedByLayers("config", "sink")
                .whereLayer("inbox").mayOnlyBeAccessedByLayers("config", "admin", "intake", "dispatch", "sink")
                .whereLayer("batch").mayOnlyBeAccessedByLayers("intake", "dispatch", "sink")
                .whereLayer("batch").mayNotAccessAnyLayer()
                .check(PRODUCTION);
    }

    @Test
    void noPackageDependsOnAnotherThatDependsOnIt() {
        slices().matching("com.vobizrouter.(**)").should().beFreeOfCycles().check(PRODUCTION);
    }

    /** Every kind of business system has its package under sink; none knows another. */
    private static final String[] SINKS = {"salesforce", "zendesk", "database", "http", "kafka", "sql"};

    @Test
    void dispatchKnowsNoSinkAndNoSinkKnowsAnother() {
        noClasses().that().resideInAPackage("com.vobizrouter.dispatch..")
                .should().dependOnClassesThat().resideInAPackage("com.vobizrouter.sink..").check(PRODUCTION);
        for (String sink : SINKS) {
            noClasses().that().resideInAPackage("com.vobizrouter.sink." + sink + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherSinks(sink)).check(PRODUCTION);
        }
    }

    @Test
    void nothingInProductionCodeDependsOnTheDemo() {
        noClasses().that().resideOutsideOfPackage("com.vobizrouter.demo..")
                .should().dependOnClassesThat().resideInAPackage("com.vobizrouter.demo..").check(PRODUCTION);
    }

    private static String[] otherSinks(String sink) {
        return java.util.stream.Stream.of(SINKS).filter(other -> !other.equals(sink))
                .map(other -> "com.vobizrouter.sink." + other + "..").toArray(String[]::new);
    }
}
